"""What a shadower can expect from each kind of session (shown on their sessions page)."""

from __future__ import annotations

from rotations.models import HostingSlot

_BY_KIND = {
    "ride_along": "You ride with the rep to customer sites. Wear closed shoes; the rep drives. "
    "Expect a few stops and time in the van between them.",
    "customer_visit": "You sit in on a meeting at a customer's. Listen first; ask your "
    "questions after the meeting, not in front of the customer.",
    "sales_calls": "You listen in on the rep's phone and video calls. Bring headphones and "
    "something to take notes with.",
    "lunch_and_learn": "A group session over lunch: the rep walks through a topic and takes "
    "questions. Lunch is provided.",
}
_DEFAULT = "You spend the session with the rep at work. Ask them where to meet if unsure."


def slot_expectation(slot: HostingSlot) -> str:
    text = _BY_KIND.get(slot.kind, _DEFAULT)
    where = " It takes place online." if slot.remote else ""
    return text + where
