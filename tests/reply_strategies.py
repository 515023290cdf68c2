"""Hypothesis strategies for replies to split: lines and quotes of any size, markup and mentions."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from bot.core.model import Line, Reply, Style
from bot.core.quotes import Citation, Quote

SOURCE = Citation("Andrea D'Cruz", "A fake friend", "Red Pepper")
LINKED = Citation(
    "Andrea D'Cruz", "A fake friend", "Red Pepper", date(2008, 12, 11), "https://x.org/a?b=1&c=2"
)

# Markup, mentions, non-ASCII (escaped in JSON) and a character outside the BMP.
texts = st.builds(
    lambda piece, times: piece * times,
    st.text(alphabet="ab c_*#@\n<>“é&🙂", min_size=1, max_size=20),
    st.integers(1, 60),
)
citations = st.sampled_from([None, SOURCE, LINKED])
quotes = st.builds(Quote, st.integers(1, 999), texts, citations)
lines = st.builds(Line, texts, st.sampled_from(list(Style)))
blocks = st.one_of(quotes, lines)
replies = st.builds(
    Reply, st.lists(blocks, max_size=14).map(tuple), st.sampled_from([None, SOURCE]), st.booleans()
)
