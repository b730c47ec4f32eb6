"""Quality measurement: scoring pipeline output against gold annotations."""
