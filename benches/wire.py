"""Shared vocabulary of the benchmark generators (corpus.py and rules.py).

Holds the story templates the corpus is written from, the fact patterns a
rule library would carry for them (crosswire's pattern language), the place
names used for rare and missing slots, and the translation of a pattern into
an equivalent ripgrep regex. Python 3.11 standard library only.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
]
NUMBER_WORDS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
    "nine", "ten", "eleven", "twelve",
]
ORDINALS = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
    "eighth", "ninth", "tenth",
]

FIRST_NAMES = [
    "Anna", "Tomas", "Lidia", "Petar", "Marta", "Jonas", "Elena", "Karim",
    "Sofia", "Daniel", "Amara", "Yusuf", "Ingrid", "Mateo", "Hana", "Viktor",
    "Leila", "Oskar", "Nadia", "Samuel", "Irene", "Farid", "Clara", "Milan",
]
SURNAMES = [
    "Berg", "Haddad", "Novak", "Moravec", "Okafor", "Lindqvist", "Petrova",
    "Castell", "Marsh", "Duarte", "Keller", "Osei", "Varga", "Holm", "Reyes",
    "Tanaka", "Brennan", "Sokolov", "Amari", "Fischer", "Quinn", "Rahman",
]
OUTLETS = [
    "Daily Ledger", "Harbor Times", "Wire One", "Northern Post", "Evening Star",
    "Valley Courier", "Metro Bulletin", "The Dispatch", "Coastal Herald",
    "Capital Report", "Morning Record", "Regional Press",
]
COUNTRIES = ["Varnia", "Ostland", "Meridia", "Calvera", "Norrmark", "Belvosia"]

# Town names: places the corpus mentions (rare slots are built on them), and a
# disjoint set it never mentions (slots that never match).
_TOWN_HEADS = [
    "Ash", "Brack", "Carr", "Dun", "Elm", "Fenn", "Garr", "Hart", "Kill",
    "Lang", "Marr", "Norr", "Oak", "Penn", "Ross", "Stan", "Torr", "Wex",
    "Brad", "Holl",
]
_TOWN_TAILS = [
    "borough", "bridge", "cliffe", "dale", "field", "ford", "haven",
    "ington", "mouth", "stead", "water", "wick",
]
_NEVER_HEADS = [
    "Quill", "Vosk", "Zell", "Yarr", "Jink", "Uxb", "Xan", "Iver", "Ebb",
    "Glim", "Prax", "Thrun", "Wolv", "Skel", "Crom", "Drev", "Fyl", "Kesh",
    "Mold", "Rook", "Alb", "Brun", "Cael", "Dorn", "Eld", "Frem", "Gorm",
    "Hask", "Ilm", "Jorv", "Kaln", "Lorm", "Mirr", "Nesk", "Orv", "Pell",
    "Quor", "Rav", "Sorn", "Tav",
]
_NEVER_TAILS = [
    "amber", "ancott", "averly", "endale", "erholt", "ingrove", "onbury",
    "orwick", "ridgeham", "tonmere", "ulbeck", "yarden", "asford", "beacon",
    "corrie", "dunstan", "elmere", "fallow", "gatham", "hollow", "istow",
    "kerrow", "lanmere", "marsh", "norrick",
]
TOWNS = [h + t for h in _TOWN_HEADS for t in _TOWN_TAILS]
NEVER_TOWNS = [h + t for h in _NEVER_HEADS for t in _NEVER_TAILS]

BOILERPLATE = [
    "Skip to content",
    "Share this article",
    "Sign up for our newsletter",
    "Advertisement",
    "Read more: Latest news from the region",
    "Follow us on social media",
    "Copyright 2024 {outlet}. All rights reserved.",
    "Leave a Reply",
]


def spell_count(rng: random.Random, n: int, hedge: bool = True) -> str:
    """A count as copy writes it: small figures in words, some hedged."""
    text = NUMBER_WORDS[n] if n < len(NUMBER_WORDS) and rng.random() < 0.5 else f"{n:,}"
    r = rng.random() if hedge else 1.0
    if r < 0.1:
        return "about " + text
    if r < 0.15:
        return "at least " + text
    if r < 0.2:
        return "more than " + text
    return text


def vary(rng: random.Random, canonical, alternatives, p: float = 0.2):
    """The canonical fact, or with probability p one of its alternatives."""
    if alternatives and rng.random() < p:
        return rng.choice(alternatives)
    return canonical


def person(rng: random.Random) -> tuple[str, str]:
    """A (full name, surname) pair."""
    surname = rng.choice(SURNAMES)
    return f"{rng.choice(FIRST_NAMES)} {surname}", surname


@dataclass
class Story:
    """A story template: how an event is drawn, written and matched."""

    key: str
    scope: str
    event: object  # (rng, date) -> dict of canonical facts
    facts: object  # (rng, event) -> dict of written facts for one file
    headlines: list[str]
    paragraphs: list[str]
    background: list[str]
    slots: list[tuple[str, str, str]] = field(default_factory=list)


# --- the story templates -------------------------------------------------------


def _quake_event(rng, date):
    chief, chief_sn = person(rng)
    return {
        "town": rng.choice(TOWNS), "country": rng.choice(COUNTRIES),
        "magnitude": rng.choice(["5.8", "6.1", "6.4", "6.7", "7.0"]),
        "deaths": rng.randint(8, 90), "injured": rng.randint(40, 400),
        "depth": rng.choice([8, 10, 12, 15, 20]), "distance": rng.randint(12, 60),
        "buildings": rng.randint(30, 900), "chief": chief, "chief_sn": chief_sn,
        "weekday": WEEKDAYS[date.weekday()], "since": rng.randint(1960, 2015),
        "aid": rng.choice(["2.5", "4", "6.8", "12"]),
    }


def _quake_facts(rng, e):
    deaths = vary(rng, e["deaths"], [e["deaths"] + 3, e["deaths"] - 2, e["deaths"] * 2])
    return {
        "town": e["town"], "country": e["country"],
        "magnitude": vary(rng, e["magnitude"], ["6.2", "6.5", "6.9"], 0.1),
        "deaths": spell_count(rng, deaths),
        "injured": spell_count(rng, vary(rng, e["injured"], [e["injured"] + 25])),
        "depth": vary(rng, f"{e['depth']} kilometers", [f"{e['depth']} km", f"{e['depth'] + 5} km"]),
        "distance": vary(rng, f"{e['distance']} km", [f"{round(e['distance'] * 0.62)} miles"]),
        "buildings": spell_count(rng, vary(rng, e["buildings"], [e["buildings"] + 100])),
        "chief": vary(rng, e["chief"], [e["chief_sn"], "Marek " + e["chief_sn"]], 0.1),
        "chief_sn": e["chief_sn"],
        "weekday": vary(rng, e["weekday"], WEEKDAYS, 0.1),
        "since": e["since"], "aid": e["aid"],
        "quote": vary(rng, "We are searching street by street and we will not stop",
                      ["We will not stop until every family has been reached",
                       "We are searching street by street, house by house"]),
    }


QUAKE = Story(
    key="quake", scope="earthquake", event=_quake_event, facts=_quake_facts,
    headlines=["Magnitude {magnitude} quake strikes near {town}",
               "Deadly earthquake hits {country}, killing {deaths}",
               "{town} counts its dead after earthquake"],
    paragraphs=[
        "A magnitude {magnitude} earthquake struck near the town of {town} on {weekday}, killing {deaths} people and injuring {injured}, officials said.",
        "The quake hit at a depth of {depth}, and its epicentre was {distance} from the regional capital, the national seismological institute said.",
        "Civil Protection chief {chief} told reporters that {buildings} buildings had collapsed and that rescue teams were working through the night.",
        "\"{quote},\" {chief_sn} said at a briefing in {town}.",
        "It was the strongest earthquake to hit {country} since {since}, when a quake destroyed much of the old town.",
        "The government pledged ${aid} million in emergency aid for the families who lost their homes.",
    ],
    background=[
        "Rescuers in {town} used dogs and thermal cameras to search the rubble of collapsed homes.",
        "Aftershocks rattled the valley through the night, and many families in {place} slept in their cars.",
        "Hospitals in {place} said they were treating dozens of people with broken bones and head injuries.",
        "Engineers will inspect every school and hospital in the region before classes resume, the ministry said.",
        "The road between {place} and {town} was cut by landslides, and aid convoys had to take a longer route.",
        "Seismologists have long warned that the fault under the highlands could produce a large quake.",
        "Volunteers handed out blankets, bottled water and bread at a sports hall in {place}.",
        "Power was restored to most of {place} by the evening, the grid operator said.",
    ],
    slots=[
        ("quake-magnitude", "number", "magnitude {number} earthquake"),
        ("quake-deaths", "count", "killing {number} people"),
        ("quake-injured", "count", "people and injuring {number}"),
        ("quake-depth", "quantity", "at a depth of {quantity}"),
        ("quake-epicentre", "quantity", "epicentre was {quantity} from"),
        ("quake-chief", "name", "Civil Protection chief {name}"),
        ("quake-day", "weekday", "earthquake struck ... {weekday}"),
        ("quake-buildings", "count", "reporters that {number} buildings had collapsed"),
        ("quake-since", "date", "earthquake to hit ... since {date}"),
        ("quake-aid", "quantity", "pledged {quantity} in emergency aid"),
        ("quake-quote", "phrase", "{quote} ... said at a briefing"),
    ],
)


def _layoffs_event(rng, date):
    ceo, ceo_sn = person(rng)
    company = rng.choice(["Corvane", "Halvex", "Norstrand", "Belcor", "Truvia", "Mextel"])
    return {
        "company": company, "product": rng.choice(["batteries", "steel", "chips", "trucks", "paper"]),
        "jobs": rng.choice([400, 850, 1200, 2300, 4000]), "share": rng.randint(4, 18),
        "plant": rng.choice(TOWNS), "ceo": ceo, "ceo_sn": ceo_sn,
        "drop": rng.choice(["3.5", "6.2", "8", "11.4"]), "month": rng.choice(MONTHS),
        "weekday": WEEKDAYS[date.weekday()], "savings": rng.choice([150, 300, 480]),
    }


def _layoffs_facts(rng, e):
    return {
        "company": e["company"], "product": e["product"], "plant": e["plant"],
        "jobs": spell_count(rng, vary(rng, e["jobs"], [e["jobs"] + 300, e["jobs"] // 2])),
        "share": vary(rng, f"{e['share']}%", [f"{e['share']} percent", f"{e['share'] + 3}%"]),
        "ceo": vary(rng, e["ceo"], [e["ceo_sn"]], 0.1), "ceo_sn": e["ceo_sn"],
        "drop": vary(rng, f"{e['drop']}%", [f"{e['drop']} percent", "2%"]),
        "month": vary(rng, e["month"], MONTHS, 0.1),
        "weekday": vary(rng, e["weekday"], WEEKDAYS, 0.1),
        "savings": vary(rng, f"${e['savings']} million", [f"${e['savings'] + 50} million"]),
        "reason": vary(rng, "weak demand and rising energy costs",
                       ["falling orders from Asia", "weak demand, rising costs and a strong currency"]),
        "quote": vary(rng, "This was the hardest decision we have had to make",
                      ["This is a painful but necessary step", "This was the hardest decision of my career"]),
    }


LAYOFFS = Story(
    key="layoffs", scope="jobs", event=_layoffs_event, facts=_layoffs_facts,
    headlines=["{company} to cut {jobs} jobs", "{company} shares fall after job cuts",
               "Job cuts at {company} hit {plant}"],
    paragraphs=[
        "{company}, the maker of {product}, said on {weekday} it would cut {jobs} jobs, or {share} of its workforce, blaming {reason}.",
        "Chief executive {ceo} said the plant in {plant} would close by the end of {month} and its work would move to other sites.",
        "\"{quote},\" {ceo_sn} told analysts on a conference call.",
        "Shares in {company} fell {drop} in early trading, their steepest drop in two years.",
        "The company expects the cuts to save {savings} a year from next year.",
    ],
    background=[
        "Unions in {place} said they would fight the closure and called a meeting for next week.",
        "The plant in {place} has been the largest employer in the area for four decades.",
        "Analysts said the company had been slow to adapt to cheaper competition from abroad.",
        "Local businesses in {place} fear the closure will empty the town centre.",
        "The regional government said it would help workers find new jobs and training.",
        "Orders fell sharply in the last quarter as customers delayed new projects.",
        "Several suppliers in {place} said they had not been told how the cuts would affect them.",
        "Energy prices have doubled for manufacturers in the region since the start of the year.",
    ],
    slots=[
        ("layoffs-jobs", "count", "it would cut {number} jobs"),
        ("layoffs-share", "quantity", "or {quantity} of its workforce"),
        ("layoffs-ceo", "name", "Chief executive {name} said"),
        ("layoffs-plant", "name", "the plant in {name} would close"),
        ("layoffs-month", "date", "close by the end of {date} and"),
        ("layoffs-day", "weekday", "said ... {weekday} it would cut"),
        ("layoffs-drop", "quantity", "fell {quantity} in early trading"),
        ("layoffs-savings", "quantity", "cuts to save {quantity} a year"),
        ("layoffs-reason", "phrase", "of its workforce, blaming {phrase}"),
        ("layoffs-quote", "phrase", "{quote} ... told analysts"),
    ],
)


def _storm_event(rng, date):
    gov, gov_sn = person(rng)
    return {
        "storm": rng.choice(["Storm Elin", "Storm Bruno", "Storm Cora", "Storm Dara"]),
        "coast": rng.choice(TOWNS), "wind": rng.choice([110, 130, 150, 170]),
        "evacuated": rng.choice([3000, 12000, 25000, 40000]), "rain": rng.choice([120, 180, 240]),
        "homes": rng.randint(200, 5000), "gov": gov, "gov_sn": gov_sn,
        "weekday": WEEKDAYS[date.weekday()], "dead": rng.randint(2, 15),
        "surge": rng.choice(["1.5", "2", "2.8"]),
    }


def _storm_facts(rng, e):
    wind = vary(rng, f"{e['wind']} km/h", [f"{round(e['wind'] * 0.62)} mph", f"{e['wind'] + 20} km/h"])
    return {
        "storm": e["storm"], "coast": e["coast"], "wind": wind,
        "evacuated": spell_count(rng, vary(rng, e["evacuated"], [e["evacuated"] + 2000])),
        "rain": vary(rng, f"{e['rain']} mm", [f"{e['rain'] + 40} mm"]),
        "homes": spell_count(rng, vary(rng, e["homes"], [e["homes"] * 2])),
        "gov": vary(rng, e["gov"], [e["gov_sn"]], 0.1), "gov_sn": e["gov_sn"],
        "weekday": vary(rng, e["weekday"], WEEKDAYS, 0.1),
        "dead": spell_count(rng, vary(rng, e["dead"], [e["dead"] + 1])),
        "surge": vary(rng, f"{e['surge']} metres", [f"{e['surge']} meters", "3 metres"]),
        "quote": vary(rng, "Stay indoors and stay away from the water",
                      ["Please stay indoors and keep away from the water", "Do not go near the sea front"]),
    }


STORM = Story(
    key="storm", scope="storm", event=_storm_event, facts=_storm_facts,
    headlines=["{storm} batters the coast near {coast}", "{storm}: {evacuated} evacuated",
               "Floods follow {storm}"],
    paragraphs=[
        "{storm} made landfall near {coast} on {weekday} with winds of up to {wind}, forcing {evacuated} people to leave their homes.",
        "Forecasters said {rain} of rain fell in 24 hours, and a storm surge of {surge} flooded the harbour.",
        "Governor {gov} said {homes} homes had been damaged and that the army would help clear the roads.",
        "\"{quote},\" {gov_sn} urged residents in a televised address.",
        "The storm killed {dead} people, most of them in cars swept away by flood water, police said.",
    ],
    background=[
        "Fallen trees blocked roads around {place}, and crews worked through the night to clear them.",
        "Schools in {place} will stay closed until the water has gone down, the council said.",
        "Ferries to the islands were cancelled, and the airport at {place} closed for several hours.",
        "Insurers said the damage could make it one of the costliest storms of the decade.",
        "Shelters in {place} were full by the evening, and officials opened a second sports hall.",
        "Farmers said the flooding had ruined much of the harvest in the low-lying fields.",
        "Electricity was cut to tens of thousands of homes along the coast.",
        "The weather service kept its highest warning in place for the coast near {place}.",
    ],
    slots=[
        ("storm-wind", "quantity", "winds of up to {quantity}"),
        ("storm-evacuated", "count", "forcing {number} people to leave"),
        ("storm-rain", "quantity", "said {quantity} of rain fell"),
        ("storm-surge", "quantity", "storm surge of {quantity} flooded"),
        ("storm-governor", "name", "Governor {name} said"),
        ("storm-homes", "count", "said {number} homes had been damaged"),
        ("storm-day", "weekday", "made landfall ... {weekday} with winds"),
        ("storm-dead", "count", "storm killed {number} people"),
        ("storm-quote", "phrase", "{quote} ... urged residents"),
    ],
)


def _vote_event(rng, date):
    pm, pm_sn = person(rng)
    return {
        "country": rng.choice(COUNTRIES), "yes": rng.randint(180, 240), "no": rng.randint(90, 170),
        "bill": rng.choice(["pension reform", "the new energy law", "the budget", "the housing bill"]),
        "pm": pm, "pm_sn": pm_sn, "weekday": WEEKDAYS[date.weekday()],
        "age": rng.choice([64, 65, 66, 67]), "protesters": rng.choice([5000, 20000, 60000]),
        "month": rng.choice(MONTHS),
    }


def _vote_facts(rng, e):
    return {
        "country": e["country"], "bill": e["bill"],
        "yes": vary(rng, e["yes"], [e["yes"] - 4]), "no": vary(rng, e["no"], [e["no"] + 4]),
        "pm": vary(rng, e["pm"], [e["pm_sn"]], 0.1), "pm_sn": e["pm_sn"],
        "weekday": vary(rng, e["weekday"], WEEKDAYS, 0.1),
        "age": vary(rng, e["age"], [e["age"] + 1], 0.1),
        "protesters": spell_count(rng, vary(rng, e["protesters"], [e["protesters"] * 3])),
        "month": vary(rng, e["month"], MONTHS, 0.1),
        "quote": vary(rng, "This is a victory for every working family",
                      ["Today is a victory for working families", "The country has chosen responsibility"]),
    }


VOTE = Story(
    key="vote", scope="parliament", event=_vote_event, facts=_vote_facts,
    headlines=["Parliament passes {bill}", "{country} lawmakers approve {bill} after stormy debate",
               "Prime Minister wins vote on {bill}"],
    paragraphs=[
        "The parliament of {country} approved {bill} on {weekday} by {yes} votes to {no}, after a debate that lasted through the night.",
        "Prime Minister {pm} called the result a turning point for the country.",
        "\"{quote},\" {pm_sn} told lawmakers after the vote.",
        "The law raises the retirement age to {age} and takes effect in {month}.",
        "Police said {protesters} people marched outside parliament while lawmakers voted.",
    ],
    background=[
        "Opposition leaders in {place} said they would challenge the law in the constitutional court.",
        "Unions called a general strike for next week, the third this year.",
        "The coalition has a majority of only a few seats in the lower house.",
        "Polls show most voters oppose the changes, though support has risen in recent months.",
        "Mayors from {place} and other towns wrote to the president asking him not to sign the law.",
        "The debate was interrupted several times by protests in the public gallery.",
        "Economists said the reform would save the treasury billions over the next decade.",
        "Regional assemblies, including the one in {place}, passed motions against the bill.",
    ],
    slots=[
        ("vote-yes", "count", "by {number} votes to"),
        ("vote-pm", "name", "Prime Minister {name} called"),
        ("vote-day", "weekday", "approved ... {weekday} by"),
        ("vote-age", "count", "retirement age to {number} and"),
        ("vote-month", "date", "takes effect in {date}"),
        ("vote-protesters", "count", "Police said {number} people marched"),
        ("vote-quote", "phrase", "{quote} ... told lawmakers"),
    ],
)


def _rates_event(rng, date):
    gov, gov_sn = person(rng)
    return {
        "bank": rng.choice(COUNTRIES) + " central bank", "step": rng.choice(["0.25", "0.5", "0.75"]),
        "rate": rng.choice(["3.75", "4", "4.25", "4.5", "5"]), "inflation": rng.choice(["6.1", "7.4", "8.9"]),
        "gov": gov, "gov_sn": gov_sn, "weekday": WEEKDAYS[date.weekday()],
        "target": rng.choice(["2", "3"]), "month": rng.choice(MONTHS),
    }


def _rates_facts(rng, e):
    return {
        "bank": e["bank"],
        "step": vary(rng, f"{e['step']} percentage points", ["0.5 percentage points", "0.75 percentage points"]),
        "rate": vary(rng, f"{e['rate']}%", [f"{e['rate']} percent", "4.75%"]),
        "inflation": vary(rng, f"{e['inflation']}%", [f"{e['inflation']} percent", "9.2%"]),
        "gov": vary(rng, e["gov"], [e["gov_sn"]], 0.1), "gov_sn": e["gov_sn"],
        "weekday": vary(rng, e["weekday"], WEEKDAYS, 0.1), "target": e["target"],
        "month": vary(rng, e["month"], MONTHS, 0.1),
        "quote": vary(rng, "We will do whatever it takes to bring inflation down",
                      ["We will do what it takes to bring prices under control",
                       "Inflation is still far too high"]),
    }


RATES = Story(
    key="rates", scope="central bank", event=_rates_event, facts=_rates_facts,
    headlines=["Central bank raises rates again", "{bank} lifts rates to {rate}",
               "Rate rise as inflation stays high"],
    paragraphs=[
        "The {bank} raised its main interest rate by {step} to {rate} on {weekday}, its sixth increase in a row.",
        "Inflation stood at {inflation} last month, far above the bank's target of {target}%.",
        "Governor {gov} said further increases could not be ruled out.",
        "\"{quote},\" {gov_sn} told a news conference.",
        "Economists polled before the decision had expected the bank to pause until {month}.",
    ],
    background=[
        "Mortgage holders in {place} have seen their monthly payments rise by a third in a year.",
        "The currency rose against the dollar after the decision.",
        "Retailers said shoppers were cutting back on everything except food and fuel.",
        "House prices in {place} have fallen for six months in a row, a survey showed.",
        "Government bonds fell as traders bet on at least one more increase.",
        "Business groups urged the bank to consider the damage to small firms.",
        "Wages have not kept pace with prices, and unions are demanding higher pay.",
        "A survey of factories near {place} showed orders falling for the fourth month.",
    ],
    slots=[
        ("rates-step", "quantity", "interest rate by {quantity} to"),
        ("rates-rate", "quantity", "by ... to {quantity} on"),
        ("rates-inflation", "quantity", "Inflation stood at {quantity} last month"),
        ("rates-governor", "name", "Governor {name} said further"),
        ("rates-day", "weekday", "its main interest rate ... {weekday}"),
        ("rates-month", "date", "to pause until {date}"),
        ("rates-quote", "phrase", "{quote} ... told a news conference"),
    ],
)


def _fire_event(rng, date):
    chief, chief_sn = person(rng)
    return {
        "town": rng.choice(TOWNS), "hectares": rng.choice([1200, 4500, 9000, 22000]),
        "homes": rng.randint(20, 600), "firefighters": rng.choice([300, 800, 1500]),
        "planes": rng.randint(4, 20), "chief": chief, "chief_sn": chief_sn,
        "weekday": WEEKDAYS[date.weekday()], "temp": rng.choice([38, 41, 44]),
        "contained": rng.choice([10, 25, 40, 60]),
    }


def _fire_facts(rng, e):
    return {
        "town": e["town"],
        "hectares": vary(rng, f"{e['hectares']:,} hectares", [f"{round(e['hectares'] * 2.47):,} acres", f"{e['hectares'] * 2:,} hectares"]),
        "homes": spell_count(rng, vary(rng, e["homes"], [e["homes"] + 40])),
        "firefighters": spell_count(rng, vary(rng, e["firefighters"], [e["firefighters"] + 200]), hedge=False),
        "planes": spell_count(rng, vary(rng, e["planes"], [e["planes"] + 2])),
        "chief": vary(rng, e["chief"], [e["chief_sn"]], 0.1), "chief_sn": e["chief_sn"],
        "weekday": vary(rng, e["weekday"], WEEKDAYS, 0.1),
        "temp": vary(rng, f"{e['temp']} degrees Celsius", [f"{e['temp']}C", f"{e['temp'] + 2} degrees Celsius"]),
        "contained": vary(rng, f"{e['contained']}%", [f"{e['contained']} percent", f"{e['contained'] + 15}%"]),
        "quote": vary(rng, "The wind is our worst enemy tonight",
                      ["The wind is the enemy tonight", "We are fighting this fire on three fronts"]),
    }


FIRE = Story(
    key="fire", scope="wildfire", event=_fire_event, facts=_fire_facts,
    headlines=["Wildfire near {town} forces evacuations", "Firefighters battle blaze near {town}",
               "{homes} homes lost in wildfire"],
    paragraphs=[
        "A wildfire that broke out near {town} on {weekday} has burned {hectares} of forest and destroyed {homes} homes, officials said.",
        "More than {firefighters} firefighters and {planes} water-bombing planes were fighting the blaze.",
        "Fire chief {chief} said the fire was {contained} contained by the evening.",
        "\"{quote},\" {chief_sn} told local radio.",
        "Temperatures reached {temp} in the afternoon, and strong winds fanned the flames.",
    ],
    background=[
        "Residents of {place} were told to pack a bag and be ready to leave at short notice.",
        "Smoke from the fire could be seen from {place}, more than an hour's drive away.",
        "The motorway near {place} was closed in both directions as the flames reached the verge.",
        "Firefighters from neighbouring countries arrived to help the exhausted local crews.",
        "Scientists say hotter and drier summers have made such fires more frequent.",
        "Evacuees from {place} spent the night in a school gymnasium.",
        "Investigators are trying to establish how the fire started.",
        "The regional government declared a state of emergency for the area around {place}.",
    ],
    slots=[
        ("fire-area", "quantity", "has burned {quantity} of forest"),
        ("fire-homes", "count", "destroyed {number} homes"),
        ("fire-firefighters", "count", "More than {number} firefighters"),
        ("fire-planes", "count", "and {number} water-bombing planes"),
        ("fire-chief", "name", "Fire chief {name} said"),
        ("fire-day", "weekday", "wildfire that broke out ... {weekday} has"),
        ("fire-temperature", "quantity", "Temperatures reached {quantity} in"),
        ("fire-contained", "quantity", "fire was {quantity} contained"),
        ("fire-quote", "phrase", "{quote} ... told local radio"),
    ],
)

STORIES = [QUAKE, LAYOFFS, STORM, VOTE, RATES, FIRE]

# General prose every story's padding draws on, besides its own background.
GENERAL = [
    "Officials in {place} said more details would be released at a briefing later in the day.",
    "The {outlet} could not independently verify the figures.",
    "A spokesperson for the ministry declined to comment when contacted on {weekday}.",
    "Residents of {place} described scenes of confusion as the news spread.",
    "The government has faced growing criticism over its handling of the crisis.",
    "Local media in {place} reported that the mayor had cut short a trip abroad.",
    "Opposition politicians called for an inquiry into what went wrong.",
    "{first} {sur}, who has lived in {place} for {years} years, said they had never seen anything like it.",
    "Neighbours in {place} said they had checked on elderly relatives through the night.",
    "The national broadcaster interrupted its programmes to carry the news.",
    "Aid groups said they were ready to help but needed access to the worst-hit areas.",
    "Talks between the two sides are expected to resume next month in {place}.",
    "A similar event in {year} led to changes in the law, though critics say they did not go far enough.",
    "{first} {sur}, an analyst in {place}, said the effects would be felt for years.",
    "Shops in the centre of {place} stayed shut, and the streets were mostly empty.",
    "The figures may change as more information comes in, officials cautioned.",
]

# Templates of slots no story fills: a rule library's other stories. A
# `{town}` is a place name; the pattern's placeholder is given separately.
OTHER_TOPICS = [
    ("count", "the mayor of {town} said {number} homes"),
    ("name", "the council in {town} named {name} as"),
    ("quantity", "the dam near {town} held {quantity} of water"),
    ("weekday", "the bridge at {town} opened ... {weekday}"),
    ("date", "the fair in {town} was put off until {date}"),
    ("phrase", "the court in {town} called the ruling {phrase} (and|but)"),
    ("count", "the {town} station closed and left {number} riders"),
    ("quantity", "tolls on the {town} bypass rose by {quantity} this"),
    ("name", "dockers in {town} elected {name} to"),
    ("number", "turnout in the {town} poll was {number} percent"),
    ("count", "doctors in {town} found {number} cases of measles"),
    ("phrase", "the port chief of {town} called the crash {quote}"),
]

# Templates of slots built on the corpus's own background prose, tied to one
# place: the words occur often, the place rarely, the whole pattern seldom.
RARE_TOPICS = [
    ("phrase", "Residents of {town} were told to {phrase} and"),
    ("phrase", "Schools in {town} will stay closed until {phrase}, the council"),
    ("count", "Officials in {town} said {number} more details"),
    ("weekday", "Local media in {town} reported ... {weekday}"),
    ("phrase", "Shops in the centre of {town} {phrase}, and the streets"),
    ("count", "who has lived in {town} for {number} years"),
    ("phrase", "an analyst in {town}, said the {phrase} would be felt"),
    ("phrase", "Evacuees from {town} spent the night in {phrase}"),
    ("phrase", "Mayors from {town} and other towns wrote to {phrase} asking"),
]


# --- from the pattern language to a ripgrep regex --------------------------------

# ripgrep's regexes use ASCII classes: the corpus is ASCII apart from curly
# quote marks (which the separators include), and Unicode classes would only
# slow ripgrep down (and push 1,000 joined patterns over its size limit).
_S = r"[ \t]"
_D = "[0-9]"
_NUM = (
    rf"(?:(?:about|around|nearly|almost|some|more than|at least|up to|over|fewer than){_S}+)?"
    rf"(?:{_D}[0-9,]*(?:\.{_D}+)?|" + "|".join(NUMBER_WORDS) + r"|a dozen|dozens|hundreds|thousands)"
    rf"(?:{_S}+(?:million|billion))?"
)
_ORD = rf"(?:{_D}+(?:st|nd|rd|th)|" + "|".join(ORDINALS) + ")"
_WEEKDAY = rf"(?:(?:on|last|next|this){_S}+)?(?:" + "|".join(WEEKDAYS) + r"|today|yesterday|tomorrow)"
_MONTH = "(?:" + "|".join(MONTHS) + ")"
_DATE = (
    rf"(?:{_MONTH}{_S}+{_D}{{1,2}}(?:,{_S}+{_D}{{4}})?|{_D}{{1,2}}{_S}+{_MONTH}(?:{_S}+{_D}{{4}})?"
    rf"|{_MONTH}(?:{_S}+{_D}{{4}})?|{_D}{{4}}-{_D}{{2}}(?:-{_D}{{2}})?|(?:last|this|next){_S}+(?:week|month|year)"
    rf"|{_D}{{4}}|{_WEEKDAY})"
)
_UNIT = (
    r"(?:km/h|mph|kilometers|kilometres|km|miles|metres|meters|mm|cm|hectares|acres|tonnes|tons"
    r"|degrees Celsius|C|%|percent|per cent|percentage points|dollars|euros)"
)
_QUANTITY = (
    rf"(?:(?:about|around|nearly|some|more than|at least|up to|over){_S}+)?"
    rf"(?:[$€£]{_D}[0-9,]*(?:\.{_D}+)?(?:{_S}*(?:million|billion|m|bn))?|{_NUM}(?:{_S}+|-)?{_UNIT})"
)
# rg is given -i; the inline flag keeps a name's capitals significant, as in crosswire.
_NAME = rf"(?-i:[A-Z][A-Za-z'.-]*(?:{_S}+[A-Z][A-Za-z'.-]*){{0,4}})"
PLACEHOLDER_REGEX = {
    "number": _NUM,
    "ordinal": _ORD,
    "name": _NAME,
    # Unbounded where crosswire bounds the length: ripgrep's matches stay
    # within a line (a paragraph of the corpus).
    "phrase": r"[^;!?]+?",
    "quote": r"""["“][^"”]+["”]""",
    "weekday": _WEEKDAY,
    "date": _DATE,
    "quantity": _QUANTITY,
}

_SEP = r"""[ \t"'“”]+"""
_SEP_OPTIONAL = r"""[ \t"'“”]*"""
_GAP = r"""[^0-9A-Za-z_ \t]*(?:[ \t"'“”]+[^ \t]+){0,15}?"""
_B = r"(?-u:\b)"
_TOKEN = re.compile(r"\(([^()]*)\)|\{(\w+)\}|\.\.\.|[^\s(){}]+")


def _escape(word: str) -> str:
    """Escape a literal word for the Rust regex syntax ripgrep uses."""
    return re.sub(r"([\\.+*?()|\[\]{}^$#&~-])", r"\\\1", word)


def _word(word: str) -> str:
    """A literal word, bounded where it starts or ends with a word character."""
    out = _escape(word)
    if word[0].isalnum():
        out = _B + out
    if word[-1].isalnum():
        out += _B
    return out


def to_regex(pattern: str) -> str:
    """The ripgrep regex of a pattern: the same words in the same order, the
    same separators and gap, and each placeholder as a regex of its forms."""
    out = ""
    glued = True  # at the start: no separator
    for m in _TOKEN.finditer(pattern):
        choice, placeholder, text = m.group(1), m.group(2), m.group(0)
        if choice is not None:
            alternatives = [a.strip() for a in choice.split("|")]
            body = "|".join(to_regex(a) for a in alternatives if a)
            loose = glued or any(a and not a[0].isalnum() for a in alternatives)
            sep = "" if not out else (_SEP_OPTIONAL if loose else _SEP)
            if "" in alternatives:
                out += f"(?:{sep}(?:{body}))?" if out else f"(?:(?:{body}){_SEP})?"
            else:
                out += f"{sep}(?:{body})"
            glued = False
        elif placeholder is not None:
            loose = glued or placeholder == "quote"
            out += ("" if not out else (_SEP_OPTIONAL if loose else _SEP)) + PLACEHOLDER_REGEX[placeholder]
            glued = placeholder == "quote"
        elif text == "...":
            out += _GAP
            glued = False
        else:
            loose = glued or not text[0].isalnum()
            out += ("" if not out else (_SEP_OPTIONAL if loose else _SEP)) + _word(text)
            glued = not text[-1].isalnum()
    return out


def anchor(pattern: str) -> str | None:
    """The longest literal word outside choices (crosswire's prefilter anchor)."""
    words = [
        m.group(0).lower()
        for m in _TOKEN.finditer(pattern)
        if m.group(1) is None and m.group(2) is None and m.group(0) != "..."
        and any(c.isalnum() for c in m.group(0))
    ]
    return max(words, key=len) if words else None


def publication_date(rng: random.Random) -> dt.date:
    """A date in 2024, as a story's event date."""
    return dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(360))
