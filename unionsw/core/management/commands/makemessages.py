"""Django's makemessages without fuzzy matching (issue 12): msgmerge otherwise fills a new Chinese msgid with the
English of a similar-looking one (e.g. 组织者 with “Organisation”) and marks it fuzzy; a new entry stays empty
instead, and test_i18n lists it until it is translated. Also extracts the model choices' labels."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
    # model choice labels: core.i18n.choice_label("…")
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=choice_label"]
