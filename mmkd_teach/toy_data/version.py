"""The toy data generator's version, written next to every generated set
(``{task}/generator.json``). It goes up whenever the same seed and options
draw other images or labels, so that a set drawn by an older generator is
not silently read as the current one (toy_benchmark/data.py refuses it).

Version 2: classes carried by shape, texture and layout only; colours,
brightness and contrast drawn whatever the class; the classification set
draws all 15 classes by default.
"""
TOY_DATA_VERSION = 2
