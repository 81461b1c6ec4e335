"""Django's ModelBackend, loading the signed-in user with their org in the same query: every page reads
`user.org` (the menu's policy, the data scope, the list filters), which was one more query per request."""

from django.contrib.auth.backends import ModelBackend


class Backend(ModelBackend):
    def get_user(self, user_id):
        user = self._user_model().objects.select_related("org").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    @staticmethod
    def _user_model():
        from django.contrib.auth import get_user_model

        return get_user_model()
