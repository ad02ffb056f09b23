"""Words for realistic locks: doors, streets, kinds of premises and households."""

# Fleets and the Faker provider draw from these lists with their own random
# generators, so a fleet's labels depend on the seed alone, not on Faker's version.

DOORS = (
    "front door",
    "back door",
    "side door",
    "garage door",
    "garage side door",
    "patio door",
    "terrace door",
    "cellar door",
    "garden gate",
    "back gate",
    "shed door",
    "utility room door",
    "balcony door",
    "porch door",
    "main entrance",
    "staff entrance",
    "delivery door",
    "bike store door",
)

STREETS = (
    "Linden Street",
    "Mill Lane",
    "Station Road",
    "Church Street",
    "Harbour View",
    "Oak Avenue",
    "Market Square",
    "Bridge Street",
    "Elm Grove",
    "Orchard Close",
    "Kingsway",
    "Riverside Walk",
    "Chestnut Row",
    "Park Terrace",
    "Willow Crescent",
    "Old Quarry Road",
)

PREMISES = (
    "house",
    "flat",
    "terraced house",
    "cottage",
    "townhouse",
    "bungalow",
    "studio flat",
    "dental practice",
    "bakery",
    "architects' office",
    "corner shop",
    "yoga studio",
    "workshop",
    "holiday flat",
)

HOUSEHOLDS = (
    "a family with two school children",
    "a couple who both commute",
    "a retired couple",
    "a nurse on night shifts",
    "three flatmates",
    "a single parent with a toddler",
    "a home-working translator",
    "a chef who works weekends",
    "a student sharing a flat",
    "a small office team",
    "a family with a dog",
    "a couple with a newborn",
)

# Time zones where smart locks are common, with a weight for how common.
ZONES = (
    ("Europe/Berlin", 6),
    ("Europe/London", 6),
    ("Europe/Paris", 5),
    ("Europe/Madrid", 3),
    ("Europe/Amsterdam", 3),
    ("Europe/Warsaw", 2),
    ("Europe/Stockholm", 2),
    ("America/New_York", 6),
    ("America/Chicago", 4),
    ("America/Denver", 2),
    ("America/Los_Angeles", 5),
    ("America/Toronto", 2),
    ("America/Sao_Paulo", 2),
    ("Asia/Tokyo", 3),
    ("Asia/Seoul", 4),
    ("Asia/Singapore", 2),
    ("Australia/Sydney", 2),
    ("UTC", 1),
)
