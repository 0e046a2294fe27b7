#!/usr/bin/env python3
"""Writes the data samples of spark-bert from the hand-written fragments below (deterministic).

Every sentence here is composed by us from these lists; nothing is copied from a public dataset.
Run from anywhere: python3 data-samples/generate.py
"""
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))

SUBJECTS = [
    "the film", "this movie", "the soundtrack", "the plot", "the acting", "the hotel room", "the staff",
    "the service", "this phone", "the battery", "the laptop", "this book", "the ending", "the food", "the pasta",
    "the coffee", "the customer support", "the delivery", "the app", "this game", "the sequel", "the camera",
    "the headphones", "the museum tour", "the concert", "the dessert", "the new update", "the train ride",
    "the keyboard", "the documentary",
]
POSITIVE = [
    "was wonderful", "exceeded my expectations", "is worth every penny", "made me smile", "felt fresh and clever",
    "was friendly and quick", "works flawlessly", "is a joy to use", "kept me hooked until the end",
    "was simply delightful", "is beautifully made", "turned out better than I hoped", "was a pleasant surprise",
    "left me in a great mood", "is the best I have tried this year", "was warm and charming",
    "impressed everyone at the table", "deserves all the praise", "feels solid and reliable", "was truly excellent",
]
NEGATIVE = [
    "was a complete waste of time", "fell apart after a week", "was rude and slow", "is painfully boring",
    "crashed constantly", "tasted stale", "felt lazy and predictable", "broke on the first day",
    "left me disappointed", "was overpriced and bland", "is the worst I have tried this year", "made me angry",
    "was a total mess", "feels cheap and flimsy", "ruined the whole evening", "was dull from start to finish",
    "did not work at all", "was noisy and dirty", "fell flat", "was an awful experience",
]
POS_OPEN = ["", "honestly, ", "to my surprise, ", "I have to say ", "all in all, ", "happily, "]
NEG_OPEN = ["", "honestly, ", "sadly, ", "I have to say ", "all in all, ", "unfortunately, "]
POS_CLOSE = ["", " and I would recommend it to anyone", " and I will come back", " and it was worth the wait"]
NEG_CLOSE = ["", " and I want my money back", " and I will not return", " and I regret it"]


def sentiment():
    rnd = random.Random(7)
    seen = set()
    rows = []
    for label, preds, opens, closes in (("positive", POSITIVE, POS_OPEN, POS_CLOSE),
                                        ("negative", NEGATIVE, NEG_OPEN, NEG_CLOSE)):
        made = 0
        while made < 300:
            s = (rnd.choice(opens) + rnd.choice(SUBJECTS) + " " + rnd.choice(preds) + rnd.choice(closes) + ".")
            s = s[0].upper() + s[1:]
            if s not in seen:
                seen.add(s)
                rows.append((s, label))
                made += 1
    rnd.shuffle(rows)
    test, train = rows[:100], rows[100:]
    for name, part in (("train.tsv", train), ("test.tsv", test)):
        with open(os.path.join(HERE, "sentiment", name), "w") as f:
            f.write("sentence\tlabel\n")
            for s, l in part:
                f.write(f"{s}\t{l}\n")
    unseen = [
        "The waiter forgot our order twice and the soup was cold.",
        "What a lovely little cafe, the cake melted in my mouth.",
        "The update wiped my settings and now nothing syncs.",
        "I laughed from the first scene to the last one.",
        "The charger stopped working after two days.",
        "Our guide was funny, patient and full of stories.",
        "The seats were uncomfortable and the show started late.",
        "Great value, fast shipping and it looks even better in person.",
    ]
    with open(os.path.join(HERE, "sentiment", "unseen.txt"), "w") as f:
        f.write("\n".join(unseen) + "\n")


PEOPLE = ["Anna Berg", "Tomas Vidal", "Mei Lin", "Omar Haddad", "Lucia Ferreira", "Jonas Keller", "Priya Nair",
          "Ivan Petrov", "Sara Holm", "David Osei"]
CITIES = ["Lisbon", "Toronto", "Osaka", "Nairobi", "Krakow", "Valparaiso", "Tromso", "Brisbane"]
ORGS = ["Northwind Labs", "Bluebird Bank", "Harbor Media", "Greenfield Energy", "Atlas Robotics"]
NER_TEMPLATES = [
    "{p} moved to {c} to work for {o} .",
    "{o} opened a new office in {c} last spring .",
    "In {c} , {p} met the founders of {o} .",
    "{p} said {o} will hire more engineers in {c} .",
    "Reporters in {c} asked {p} about {o} .",
]


def tag(tokens, entity, kind):
    parts = entity.split()
    for i in range(len(tokens) - len(parts) + 1):
        if tokens[i:i + len(parts)] == parts:
            return [(i, "B-" + kind)] + [(i + k, "I-" + kind) for k in range(1, len(parts))]
    return []


def ner():
    rnd = random.Random(11)
    lines = ["-DOCSTART- -X- -X- O", ""]
    for n in range(60):
        p, c, o = rnd.choice(PEOPLE), rnd.choice(CITIES), rnd.choice(ORGS)
        text = rnd.choice(NER_TEMPLATES).format(p=p, c=c, o=o)
        tokens = text.split()
        tags = ["O"] * len(tokens)
        for ent, kind in ((p, "PER"), (c, "LOC"), (o, "ORG")):
            for i, t in tag(tokens, ent, kind):
                tags[i] = t
        lines += [f"{w} {t}" for w, t in zip(tokens, tags)] + [""]
    with open(os.path.join(HERE, "ner", "train.conll"), "w") as f:
        f.write("\n".join(lines))


QA_FACTS = [
    ("The lighthouse on Gull Point was built in 1871 by a team of twelve stonemasons.",
     [("When was the lighthouse on Gull Point built?", "1871"), ("Who built the lighthouse?", "a team of twelve stonemasons")]),
    ("Maple Street Library lends bicycles as well as books, and members may keep a bicycle for two weeks.",
     [("What does Maple Street Library lend besides books?", "bicycles"), ("How long may members keep a bicycle?", "two weeks")]),
    ("The river festival takes place every August, when boats decorated with lanterns sail past the old mill.",
     [("When does the river festival take place?", "every August"), ("What are the boats decorated with?", "lanterns")]),
    ("Dr. Ines Alvarez discovered the new moss species on the northern slope of Mount Teller.",
     [("Who discovered the new moss species?", "Dr. Ines Alvarez"), ("Where was the moss found?", "on the northern slope of Mount Teller")]),
    ("The bakery sells about four hundred loaves of rye bread each morning before nine o'clock.",
     [("How many loaves does the bakery sell each morning?", "about four hundred"), ("What kind of bread is sold?", "rye bread")]),
    ("Our school orchestra practises on Tuesdays in the assembly hall and performs twice a year.",
     [("When does the orchestra practise?", "on Tuesdays"), ("How often does the orchestra perform?", "twice a year")]),
]


def squad():
    data = []
    qid = 0
    for i, (context, qas) in enumerate(QA_FACTS):
        items = []
        for q, a in qas:
            start = context.index(a)
            items.append({"id": f"q{qid}", "question": q, "answers": [{"text": a, "answer_start": start}]})
            qid += 1
        data.append({"title": f"article{i}", "paragraphs": [{"context": context, "qas": items}]})
    with open(os.path.join(HERE, "qa", "squad.json"), "w") as f:
        json.dump({"version": "1.1", "data": data}, f, indent=1)


MC = [
    ("You need to cut a sheet of paper. What do you use?", ["scissors", "a spoon", "a pillow", "a candle"], 0),
    ("Where do you keep ice cream so it stays frozen?", ["in the oven", "in the freezer", "on the shelf", "in a drawer"], 1),
    ("It starts to rain and you are outside. What helps you stay dry?", ["sunglasses", "a fan", "an umbrella", "a book"], 2),
    ("What do plants need from the sun to grow?", ["light", "noise", "sand", "ink"], 0),
    ("You want to call a friend. What do you pick up?", ["a fork", "a phone", "a brick", "a towel"], 1),
    ("Which animal is known for building dams in rivers?", ["a cat", "a parrot", "a beaver", "a goat"], 2),
    ("What do you wear on your feet when you go hiking?", ["gloves", "a scarf", "boots", "a hat"], 2),
    ("Where would you go to borrow a book for free?", ["a library", "a bakery", "a garage", "a stadium"], 0),
]


def multiple_choice():
    with open(os.path.join(HERE, "multiple-choice", "questions.jsonl"), "w") as f:
        for prompt, choices, label in MC:
            f.write(json.dumps({"prompt": prompt, "choices": choices, "label": label}) + "\n")


PAIRS = [
    ("A man is playing a guitar on stage.", "Someone performs music with a guitar.", 4.2),
    ("A man is playing a guitar on stage.", "A woman is slicing onions.", 0.2),
    ("The cat sleeps on the warm windowsill.", "A cat is napping by the window.", 4.5),
    ("Two children are building a sandcastle.", "Kids make a castle out of sand at the beach.", 4.6),
    ("The train was delayed by heavy snow.", "Snow caused the train to run late.", 4.8),
    ("The train was delayed by heavy snow.", "The bakery opens at seven.", 0.0),
    ("She is reading a newspaper in the park.", "A woman reads outdoors.", 3.4),
    ("A dog chases a red ball across the lawn.", "A dog is running after a toy.", 3.9),
    ("The chef tastes the soup.", "The cook checks the flavour of the soup.", 4.4),
    ("He repairs the bicycle tyre.", "A man is painting a fence.", 0.8),
    ("The stock market fell sharply today.", "Share prices dropped a lot today.", 4.7),
    ("A group of friends hikes up a hill.", "People are walking up a mountain trail together.", 3.8),
]


def pairs():
    with open(os.path.join(HERE, "similarity", "pairs.tsv"), "w") as f:
        f.write("sentence1\tsentence2\tscore\n")
        for a, b, s in PAIRS:
            f.write(f"{a}\t{b}\t{s}\n")


DOCS = [
    "The village of Elmbrook sits beside a slow green river. Every morning the baker opens his shop at six.\n"
    "Farmers bring milk and eggs to the small market in the square. Children walk to school along the river path.",
    "Bees collect nectar from flowers and turn it into honey. A healthy hive can hold tens of thousands of bees.\n"
    "The queen lays the eggs while worker bees clean, guard and gather food. In winter the bees cluster to stay warm.",
    "A good cup of tea starts with fresh water. Black tea needs water that has just boiled.\n"
    "Green tea tastes better with slightly cooler water. Let the leaves steep for a few minutes before you pour.",
    "The old observatory stands on the highest hill in town. Its telescope was built more than a century ago.\n"
    "On clear nights volunteers invite visitors to look at the moon. Many people see the rings of Saturn for the first time.",
    "Trains connect the coast with the mountain towns. The journey takes about four hours.\n"
    "Passengers watch the fields turn into forests and then into rocky slopes. In spring the snow melts into loud waterfalls.",
    "Learning to cook takes patience. Start with simple dishes such as soups and omelettes.\n"
    "Taste the food as you go and adjust the salt. Over time you will learn which spices you like best.",
]


def documents():
    with open(os.path.join(HERE, "pretraining", "documents.txt"), "w") as f:
        f.write("\n\n".join(DOCS) + "\n")


ZH_POS = ["这家餐厅的菜很好吃", "服务员非常热情", "房间干净又安静", "这本书写得很精彩", "手机运行流畅", "价格实惠，质量也好",
          "电影的结局很感人", "快递送得很快", "环境优美，下次还来", "客服耐心地解决了问题"]
ZH_NEG = ["菜太咸了，难以下咽", "服务态度很差", "房间又脏又吵", "这本书内容很无聊", "手机经常死机", "价格太贵，质量一般",
          "电影情节拖沓", "快递慢了一个星期", "环境嘈杂，不会再来", "客服一直不回复"]


def chinese():
    rnd = random.Random(3)
    rows = [(s, "positive") for s in ZH_POS] + [(s, "negative") for s in ZH_NEG]
    extra = []
    for a in ZH_POS:
        for b in rnd.sample(ZH_POS, 2):
            if a != b:
                extra.append((a + "，" + b + "。", "positive"))
    for a in ZH_NEG:
        for b in rnd.sample(ZH_NEG, 2):
            if a != b:
                extra.append((a + "，" + b + "。", "negative"))
    rows += extra
    rnd.shuffle(rows)
    with open(os.path.join(HERE, "chinese-sentiment", "reviews.tsv"), "w") as f:
        f.write("sentence\tlabel\n")
        for s, l in rows:
            f.write(f"{s}\t{l}\n")


if __name__ == "__main__":
    for d in ("sentiment", "ner", "qa", "multiple-choice", "similarity", "pretraining", "chinese-sentiment"):
        os.makedirs(os.path.join(HERE, d), exist_ok=True)
    sentiment()
    ner()
    squad()
    multiple_choice()
    pairs()
    documents()
    chinese()
