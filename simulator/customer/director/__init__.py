"""The persona director: the customer's emotional state machine and its choice of intent.

The director decides what the customer means; the realizer decides how it is said.
"""

from simulator.customer.director.director import Decision, Director
from simulator.customer.director.lines import LineBook

__all__ = ["Decision", "Director", "LineBook"]
