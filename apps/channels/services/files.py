"""Documents on channel records (evidence of applications, authorisation letters), stored as core attachments."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.models import Attachment

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024  # scans of licences and contracts; bigger files belong in a document system


def attach_file(*, actor, record, upload, kind: str) -> Attachment:
    """Store an uploaded file on `record` under `kind`."""
    if not upload or upload.size == 0:
        raise ValidationError({"file": _("Choose a file to upload.")})
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": _("Files up to 20 MB can be attached.")})
    return Attachment.objects.create(
        content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk, file=upload,
        name=upload.name[-200:], kind=kind[:40], size=upload.size, uploaded_by=actor,
    )
