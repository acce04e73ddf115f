"""E-mail that people act on: the kinds of message, who receives each, their preferences."""
