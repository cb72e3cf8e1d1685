from django.urls import path

from . import archive, archive_manage, archive_records

urlpatterns = [
    path("", archive.customer_list, name="list"),
    path("new/", archive.customer_create, name="create"),
    path("export/", archive.customer_export, name="export"),
    path("divisions/", archive.divisions, name="divisions"),
    path("composition/", archive_manage.composition, name="composition"),
    path("duplicates/", archive_manage.duplicates, name="duplicates"),
    path("handover/", archive_manage.handover, name="handover"),
    path("<int:pk>/", archive.customer_detail, name="detail"),
    path("<int:pk>/edit/", archive.customer_edit, name="edit"),
    path("<int:pk>/reveal-phone/", archive.reveal_phone, name="reveal-phone"),
    path("<int:pk>/merge/", archive_manage.merge, name="merge"),
    path("<int:pk>/not-duplicate/", archive_manage.dismiss_duplicate, name="dismiss-duplicate"),
    path("<int:pk>/duplicates/", archive_records.find_duplicates, name="find-duplicates"),
    path("<int:pk>/contacts/", archive_records.contact_create, name="contact-create"),
    path("<int:pk>/contacts/<int:contact_pk>/", archive_records.contact_edit, name="contact-edit"),
    path("<int:pk>/contacts/<int:contact_pk>/delete/", archive_records.contact_delete, name="contact-delete"),
    path("<int:pk>/attachments/", archive_records.attachment_upload, name="attachment-upload"),
    path("<int:pk>/attachments/<int:attachment_pk>/", archive_records.attachment_download,
         name="attachment-download"),
]
