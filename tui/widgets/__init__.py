"""Widgets of lumbar's own: charts and the calendar of exercised days."""
