"""Whole numbers in API query strings and request bodies, bounded by what their columns hold: anything else is a 400
naming the parameter, never a driver's OverflowError (SQLite) or out-of-range error (PostgreSQL)."""

import django_filters
from django import forms
from rest_framework import serializers

from core.parsing import MAX_ID

# The largest value of a PositiveIntegerField on every database.
MAX_POSITION = 2**31 - 1


class IdFormField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


class IdFilter(django_filters.NumberFilter):
    """A list filter by a record's id."""

    field_class = IdFormField

    def get_max_validator(self):
        return None


class IdField(serializers.IntegerField):
    """A record's id in a request body or a query serializer."""

    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


class PositionField(serializers.IntegerField):
    """A place in a list (sort order, a board column's position)."""

    def __init__(self, **kwargs):
        super().__init__(min_value=0, max_value=MAX_POSITION, **kwargs)
