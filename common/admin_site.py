"""The committee's admin site: its home and sidebar in the order of her work, each model once,
and a line of help on every page.

The order is the settings' ``ADMIN_SECTIONS`` (common names no app): a section per step, each
model in the first section that names it; a model no section names follows under its own app, so
a new model is never hidden. A model admin's ``page_help`` is shown under the title of each of its
pages (list, add, change, and the pages it adds, such as publishing).
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class CommitteeAdminSite(admin.AdminSite):
    index_help = _(
        "Work from top to bottom: 1. the event, its awards and their places (paste a ranking as the "
        "report gives it); 2. the offices and kinds of office, if one is missing; 3. judging, when "
        "the committee scores in the application; 4. accounts, for the administrator."
    )

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        if app_label is not None:
            return apps
        models = {
            f"{app['app_label']}.{model['object_name'].lower()}": (app, model)
            for app in apps
            for model in app["models"]
        }
        sections = []
        for number, (name, help_text, labels) in enumerate(settings.ADMIN_SECTIONS, start=1):
            found = [models.pop(label) for label in labels if label in models]
            if not found:
                continue
            first_app, first_model = found[0]
            sections.append(
                {
                    "name": name,
                    "help": help_text,
                    "app_label": f"work-{number}",
                    "app_url": first_model["admin_url"] or first_app["app_url"],
                    "has_module_perms": True,
                    "models": [model for _app, model in found],
                }
            )
        for app in apps:
            rest = [
                model
                for model in app["models"]
                if f"{app['app_label']}.{model['object_name'].lower()}" in models
            ]
            if rest:
                sections.append({**app, "models": rest})
        return sections

    def each_context(self, request):
        context = super().each_context(request)
        context["page_help"] = self._page_help(request)
        return context

    def _page_help(self, request) -> str:
        match = getattr(request, "resolver_match", None)
        url_name = (match.url_name or "") if match else ""
        if url_name == "index":
            return self.index_help
        for model, model_admin in self._registry.items():
            if url_name.startswith(f"{model._meta.app_label}_{model._meta.model_name}_"):
                return getattr(model_admin, "page_help", "")
        return ""


class CommitteeAdminConfig(AdminConfig):
    """django.contrib.admin with the committee's site as the default one (admin.site)."""

    default_site = "common.admin_site.CommitteeAdminSite"
