"""Forms of the knowledge-base pages; they only clean input, the services in services/kb.py write."""

from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from apps.catalog import selectors as catalog_selectors

from .choices import ArticleKind
from .forms import CategoryChoiceField
from .kb_selectors import PLACEHOLDERS
from .selectors import list_categories


class ProductChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.model})" if obj.model else obj.name


class ArticleForm(forms.Form):
    """An article: what it is about (title, kind, category, product, keywords), then the text."""

    title = forms.CharField(label=pgettext_lazy("heading of a text", "Title"), max_length=200,
                            widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}))
    kind = forms.ChoiceField(label=_("Kind"), choices=ArticleKind.choices, initial=ArticleKind.SOLUTION)
    category = CategoryChoiceField(label=_("Category"), queryset=None, required=False)
    product = ProductChoiceField(label=_("Catalogue product"), queryset=None, required=False)
    product_name = forms.CharField(label=_("Product or model (free text)"), max_length=200, required=False,
                                   help_text=_("Empty: the catalogue product's name and model."))
    keywords = forms.CharField(label=_("Keywords"), max_length=300, required=False,
                               help_text=_("Words customers use for this problem, separated by commas."))
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 14}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = list_categories()
        self.fields["product"].queryset = catalog_selectors.list_products_for(user).order_by("category__path", "sku")


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("What should change"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))


class CannedReplyForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("heading of a text", "Title"), max_length=100,
                            widget=forms.TextInput(attrs={"autofocus": True}))
    category = CategoryChoiceField(label=_("Category"), queryset=None, required=False,
                                   help_text=_("Offered first on tickets of this category."))
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}))
    is_shared = forms.BooleanField(label=_("Shared with the whole desk"), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, can_share: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = list_categories()
        self.fields["body"].help_text = gettext("Placeholders filled in for the ticket: %(names)s.") % {
            "names": ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)}
        if not can_share:
            del self.fields["is_shared"]
