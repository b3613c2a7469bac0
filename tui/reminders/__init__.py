"""Reminders while lumbar is closed: the OS scheduler's files, and the word it shows."""
