"""The demo company's fixed facts: Northwind Climate Supply, an HVAC distributor."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoSite:
    name: str
    timezone: str
    backroom: int  # backroom staff (shadowers)
    reps: int  # front-line reps (hosts)
    slots_per_week: tuple[int, ...]  # choices for how many slots a rep offers each week


SITES = (
    DemoSite("Detroit", "America/Detroit", backroom=120, reps=22, slots_per_week=(1, 1, 2, 2)),
    DemoSite("Denver", "America/Denver", backroom=80, reps=14, slots_per_week=(1, 1, 2, 2)),
    # Phoenix has few reps: its staff lean on remote sessions.
    DemoSite("Phoenix", "America/Phoenix", backroom=50, reps=4, slots_per_week=(1, 1, 1, 2)),
)

# Backroom departments, with their share of the backroom staff.
DEPARTMENTS = (
    ("Customer Service", 18),
    ("Warehouse", 17),
    ("Accounting", 10),
    ("Purchasing", 10),
    ("Logistics", 10),
    ("Credit & Collections", 7),
    ("IT", 8),
    ("Marketing", 7),
    ("CAD & Design", 8),
    ("Human Resources", 5),
)
SALES_DEPARTMENT = "Field Sales"


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


PRODUCT_TAGS = (
    "hvac",
    "refrigeration",
    "controls",
    "ductless",
    "boilers",
    "water_heaters",
    "commercial",
    "residential",
    "geothermal",
    "indoor_air",
)

FIRST_NAMES = _words(
    "Aaliyah Aaron Abigail Adrian Aisha Alejandro Alex Alice Amir Ana Andre Angela Anthony "
    "Ava Beatriz Ben Brandon Brianna Caleb Camila Carlos Carmen Chloe Chris Dana Daniel "
    "Darius David Deepa Diego Elena Eli Emily Emma Eric Fatima Gabriel Grace Hannah Hector "
    "Imani Isaac Isabel Jamal James Jasmine Javier Jenna Jin Jordan Jose Julia Kai Keisha "
    "Kevin Kim Laura Leah Leon Lucas Luis Maya Marcus Maria Mei Michael Mohammed Nadia Naomi "
    "Nathan Nia Noah Olivia Omar Priya Rachel Rafael Ravi Rosa Ryan Samira Samuel Sara Sofia "
    "Tariq Taylor Thomas Tomás Valeria Victor Wei Yusuf Zoe"
)
LAST_NAMES = _words(
    "Adams Ahmed Alvarez Anderson Baker Banerjee Bell Brooks Campbell Carter Castillo Chen "
    "Clark Collins Cruz Davis Diaz Edwards Evans Fischer Flores Foster Garcia Gomez Gonzalez "
    "Gray Green Hall Harris Hernandez Hill Hughes Ibrahim Jackson James Jensen Johnson Kelly "
    "Khan Kim Kowalski Lee Lewis Lopez Martin Martinez Mitchell Moore Morales Murphy Nguyen "
    "Nowak O'Brien Okafor Ortiz Park Patel Perez Phillips Ramirez Reed Reyes Rivera Roberts "
    "Robinson Rodriguez Rossi Sanchez Schmidt Scott Shah Singh Smith Stewart Sullivan Taylor "
    "Thompson Torres Tran Turner Walker Wang Washington Williams Wilson Wright Young Zhang"
)

# What reps offer: kind, (start hour, minute) choices, length in minutes, capacities, remote.
SLOT_TEMPLATES = (
    ("ride_along", ((8, 0), (13, 0)), 210, (1, 2, 2), False),
    ("ride_along", ((7, 30), (12, 30)), 240, (1, 2), False),
    ("customer_visit", ((9, 0), (10, 30), (14, 0)), 120, (2, 2, 3), False),
    ("customer_visit", ((8, 30), (15, 0)), 90, (1, 2), False),
    ("sales_calls", ((10, 0), (15, 0)), 90, (2, 3), False),
    ("sales_calls", ((9, 0), (13, 30)), 120, (1, 2), True),
)

LEARNED = (
    "How a quote turns into an order on the customer's side.",
    "Why contractors call us before 7 am: the day's jobs are set by then.",
    "What a rooftop unit swap looks like and why lead times matter.",
    "Customers judge us on the first call back, not the price.",
    "How the rep handles a warranty claim on site.",
    "Which of our reports reps actually use on the road.",
)
CHANGES = (
    "Send the customer list a day before.",
    "Longer sessions: three hours went fast.",
    "Pair this with a warehouse walk-through.",
    "",
    "Give shadowers a short glossary first.",
)
