"""The customer pipeline: the director decides what the customer means, the prompts and the
realizer say it, and the guard checks the line before the trainee sees it."""
