from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "unionsw.orgs"
    label = "orgs"
    verbose_name = _("组织与政策")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .policy import bump_policy_generation

        # any change to the tree, a profile or an override can change an effective policy
        for model in ("orgs.Org", "orgs.PolicyProfile", "orgs.PolicyOverride"):
            post_save.connect(bump_policy_generation, sender=model, dispatch_uid=f"policy-generation-save-{model}")
            post_delete.connect(bump_policy_generation, sender=model, dispatch_uid=f"policy-generation-delete-{model}")
