"""Annotation stages: pure functions of an Article (sentences, entities, quotes, events)."""
