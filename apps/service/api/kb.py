"""Knowledge-base API: articles (search, editors write, review actions) and canned replies rendered for a ticket.

Readers see published articles only; editors and reviewers see every status. `search=` is the Chinese full-text
search of apps.service.kb_search (substrings, two characters and up), best match first unless `ordering=` is given.
"""

from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.filters import BaseFilterBackend, OrderingFilter
from rest_framework.response import Response

from apps.catalog import selectors as catalog_selectors
from core.api.errors import Conflict
from core.api.fields import IdField
from core.api.permissions import ModelPermissions, require_perm

from .. import kb_access, kb_selectors, selectors
from .. import kb_workflow as workflow
from ..choices import ArticleKind, ArticleStatus
from ..kb_search import search_articles
from ..models import Article, CannedReply
from ..services import kb as kb_services

ARTICLE_RELATED = ["category", "author", "reviewer"]


# -- shapes ------------------------------------------------------------------------------------------------------

def _person(user) -> str:
    return (user.first_name or user.username) if user else ""


class ArticleSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    category_name = serializers.CharField(source="category.display_name", read_only=True, default="")
    author_name = serializers.SerializerMethodField()
    reviewer_name = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = ["id", "title", "body", "kind", "kind_label", "status", "status_label", "category", "category_name",
                  "product", "product_name", "keywords", "author", "author_name", "reviewer", "reviewer_name",
                  "review_note", "submitted_at", "published_at", "archived_at", "solved_count", "view_count",
                  "created_at", "updated_at"]

    def get_author_name(self, article) -> str:
        return _person(article.author)

    def get_reviewer_name(self, article) -> str:
        return _person(article.reviewer)


@extend_schema_field(OpenApiTypes.INT)
class ProductField(serializers.PrimaryKeyRelatedField):
    """A catalogue product the caller may see, by id."""

    def get_queryset(self):
        return catalog_selectors.list_products_for(self.context["request"].user)


class ArticleWriteSerializer(serializers.Serializer):
    """What an editor sets; the status changes only through the actions."""

    title = serializers.CharField(max_length=200)
    body = serializers.CharField()
    kind = serializers.ChoiceField(choices=ArticleKind.choices, required=False)
    category = serializers.PrimaryKeyRelatedField(queryset=selectors.list_categories(active_only=False),
                                                  required=False, allow_null=True)
    product = ProductField(required=False, allow_null=True)
    product_name = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                         help_text="Product or model as text; empty: the catalogue product's.")
    keywords = serializers.CharField(max_length=300, required=False, allow_blank=True)


class ArticleNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True,
                                 help_text="The reviewer's note (required to send an article back).")


class CannedReplySerializer(serializers.ModelSerializer):
    category_name = serializers.CharField(source="category.display_name", read_only=True, default="")
    owner_name = serializers.SerializerMethodField()

    class Meta:
        model = CannedReply
        fields = ["id", "title", "body", "category", "category_name", "is_shared", "is_active", "owner", "owner_name",
                  "created_at", "updated_at"]

    def get_owner_name(self, reply) -> str:
        return _person(reply.owner)


class CannedReplyWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=100)
    body = serializers.CharField(help_text="Placeholders: " + ", ".join(f"{{{n}}}" for n in kb_selectors.PLACEHOLDERS))
    category = serializers.PrimaryKeyRelatedField(queryset=selectors.list_categories(active_only=False),
                                                  required=False, allow_null=True)
    is_shared = serializers.BooleanField(required=False, help_text="Shared with the desk (needs the right); "
                                                                   "default: personal.")
    is_active = serializers.BooleanField(required=False)


class RenderedReplySerializer(serializers.Serializer):
    reply = IdField()
    ticket = IdField()
    text = serializers.CharField()


class RenderQuerySerializer(serializers.Serializer):
    ticket = IdField()


class KbErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


_ERRORS = {400: OpenApiResponse(KbErrorSerializer), 403: OpenApiResponse(KbErrorSerializer),
           404: OpenApiResponse(KbErrorSerializer),
           409: OpenApiResponse(KbErrorSerializer, description="The article's status does not allow the action.")}


def _valid(serializer) -> dict:
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# -- articles ----------------------------------------------------------------------------------------------------

class ArticleSearchFilter(BaseFilterBackend):
    """`search=`: Chinese full-text search (substrings of two characters and up), best match first."""

    def filter_queryset(self, request, queryset, view):
        text = request.query_params.get("search", "").strip()[:100]
        if not text:
            return queryset
        ranked = search_articles(text, limit=kb_selectors.SEARCH_LIMIT,
                                 published_only=not kb_access.sees_unpublished(request.user))
        return ranked.filter(pk__in=queryset.values("pk")).select_related(*ARTICLE_RELATED)

    def get_schema_operation_parameters(self, view):
        return [{"name": "search", "required": False, "in": "query", "schema": {"type": "string"},
                 "description": "Words to find in title, keywords, product and text (Chinese substrings of two "
                                "characters and up, English words, model numbers); every word must occur; the "
                                f"{kb_selectors.SEARCH_LIMIT} best matches, best first."}]


class ArticleViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Knowledge-base articles: published ones for readers, every status for editors and reviewers."""

    permission_classes = [ModelPermissions]
    serializer_class = ArticleSerializer
    filter_backends = [DjangoFilterBackend, ArticleSearchFilter, OrderingFilter]
    filterset_fields = ["status", "kind", "category", "product"]
    ordering_fields = ["updated_at", "published_at", "solved_count", "view_count", "title"]
    ordering = None  # keeps the search rank, else the model's newest-changed-first order
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return kb_access.articles_visible_to(self.request.user).select_related(*ARTICLE_RELATED)

    def _out(self, article, code=status.HTTP_200_OK) -> Response:
        article = self.get_queryset().get(pk=article.pk)
        return Response(ArticleSerializer(article, context={"request": self.request}).data, status=code)

    @extend_schema(request=ArticleWriteSerializer, responses={201: ArticleSerializer, **_ERRORS})
    def create(self, request, *args, **kwargs):
        """Write a new draft (editors)."""
        data = _valid(ArticleWriteSerializer(data=request.data, context={"request": request}))
        return self._out(kb_services.create_article(actor=request.user, **data), status.HTTP_201_CREATED)

    @extend_schema(request=ArticleWriteSerializer, responses={200: ArticleSerializer, **_ERRORS})
    def partial_update(self, request, *args, **kwargs):
        """Change an article's text or classification (editors); an archived one is revived first (409)."""
        article = self.get_object()
        if not kb_access.can_edit_articles(request.user):
            raise PermissionDenied
        if not kb_access.can_edit_article(request.user, article):
            raise Conflict(_("An archived article is revived as a draft before it is changed."), code="archived")
        data = _valid(ArticleWriteSerializer(data=request.data, partial=True, context={"request": request}))
        return self._out(kb_services.update_article(actor=request.user, article=article, **data))

    def _act(self, run, target: str):
        article = self.get_object()
        if not workflow.can_transition(article.status, target):
            raise Conflict(_("An article that is %(status)s does not allow this action.")
                           % {"status": article.get_status_display()}, code="invalid_transition")
        try:
            return self._out(run(article))
        except workflow.InvalidArticleTransition as exc:
            raise Conflict(exc.messages[0], code="invalid_transition") from exc

    @extend_schema(request=None, responses={200: ArticleSerializer, **_ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[require_perm("service.change_article")])
    def submit(self, request, pk=None):
        """Send a draft for review."""
        return self._act(lambda a: kb_services.submit_article(actor=request.user, article=a), ArticleStatus.IN_REVIEW)

    @extend_schema(request=ArticleNoteSerializer, responses={200: ArticleSerializer, **_ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[require_perm("service.publish_article")])
    def publish(self, request, pk=None):
        """Publish an article in review: readers and ticket suggestions see it from now on."""
        note = _valid(ArticleNoteSerializer(data=request.data)).get("note", "")
        return self._act(lambda a: kb_services.publish_article(actor=request.user, article=a, note=note),
                         ArticleStatus.PUBLISHED)

    @extend_schema(request=ArticleNoteSerializer, responses={200: ArticleSerializer, **_ERRORS})
    @action(detail=True, methods=["post"], url_path="return", permission_classes=[
        require_perm("service.publish_article")])
    def send_back(self, request, pk=None):
        """Send an article in review back to draft with a note saying what to change."""
        note = _valid(ArticleNoteSerializer(data=request.data)).get("note", "")
        if self.get_object().status != ArticleStatus.IN_REVIEW:
            raise Conflict(_("Only an article in review can be sent back."), code="invalid_transition")
        return self._act(lambda a: kb_services.return_article(actor=request.user, article=a, note=note),
                         ArticleStatus.DRAFT)

    @extend_schema(request=ArticleNoteSerializer, responses={200: ArticleSerializer, **_ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[require_perm("service.publish_article")])
    def archive(self, request, pk=None):
        """Withdraw an article; readers no longer see it."""
        note = _valid(ArticleNoteSerializer(data=request.data)).get("note", "")
        return self._act(lambda a: kb_services.archive_article(actor=request.user, article=a, reason=note),
                         ArticleStatus.ARCHIVED)


# -- canned replies ----------------------------------------------------------------------------------------------

class CannedReplyViewSet(viewsets.ModelViewSet):
    """The desk's shared canned replies and the caller's personal ones; `render` fills one in for a ticket."""

    permission_classes = [ModelPermissions]
    serializer_class = CannedReplySerializer
    filterset_fields = ["category", "is_shared", "is_active"]
    search_fields = ["title", "body"]
    ordering_fields = ["title", "updated_at"]
    ordering = ["title", "id"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return kb_access.canned_replies_visible_to(self.request.user).select_related("category", "owner")

    def _check_sharing(self, data) -> None:
        if data.get("is_shared") and not kb_access.can_share_canned_replies(self.request.user):
            raise PermissionDenied(_("You may keep personal canned replies only."))

    @extend_schema(request=CannedReplyWriteSerializer, responses={201: CannedReplySerializer, **_ERRORS})
    def create(self, request, *args, **kwargs):
        data = _valid(CannedReplyWriteSerializer(data=request.data))
        self._check_sharing(data)
        reply = kb_services.create_canned_reply(actor=request.user, **data)
        return Response(self.get_serializer(reply).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CannedReplyWriteSerializer, responses={200: CannedReplySerializer, **_ERRORS})
    def partial_update(self, request, *args, **kwargs):
        reply = self.get_object()
        if not kb_access.can_edit_canned_reply(request.user, reply):
            raise PermissionDenied
        data = _valid(CannedReplyWriteSerializer(data=request.data, partial=True))
        self._check_sharing(data)
        return Response(self.get_serializer(kb_services.update_canned_reply(actor=request.user, reply=reply,
                                                                            **data)).data)

    @extend_schema(responses={204: None, **_ERRORS})
    def destroy(self, request, *args, **kwargs):
        reply = self.get_object()
        if not kb_access.can_delete_canned_reply(request.user, reply):
            raise PermissionDenied
        kb_services.delete_canned_reply(actor=request.user, reply=reply)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(parameters=[OpenApiParameter("ticket", int, required=True,
                                                description="Id of a ticket the caller sees.")],
                   responses={200: RenderedReplySerializer, **_ERRORS})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def render(self, request, pk=None):
        """The reply's text with {customer_name}, {ticket_number}, {agent_name}, {due_date}… of the ticket."""
        reply = self.get_object()
        ticket_id = _valid(RenderQuerySerializer(data=request.query_params))["ticket"]
        ticket = selectors.get_ticket_for(request.user, ticket_id)
        text = kb_selectors.render_canned_reply(reply, ticket, request.user)
        return Response({"reply": reply.pk, "ticket": ticket.pk, "text": text})
