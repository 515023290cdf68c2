"""The paging rule: a topic's quotes in order, in pages within the budget the caller gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.facts.paging import PageBudget, paginate

LENGTHS = st.lists(st.integers(min_value=1, max_value=2000), max_size=60)
BUDGETS = st.builds(
    PageBudget,
    facts=st.integers(min_value=1, max_value=8),
    chars=st.integers(min_value=100, max_value=4000),
    per_fact=st.integers(min_value=0, max_value=200),
)


@given(LENGTHS, BUDGETS)
def test_pages_keep_every_fact_in_order_and_within_the_budget(
    lengths: list[int], budget: PageBudget
) -> None:
    sizes = [(fact_id, length) for fact_id, length in enumerate(lengths, 1)]
    pages = paginate(sizes, budget)
    assert [fact_id for page in pages for fact_id in page] == [f for f, _ in sizes]
    size = dict(sizes)
    for page in pages:
        assert 1 <= len(page) <= budget.facts
        cost = sum(size[fact_id] + budget.per_fact for fact_id in page)
        assert len(page) == 1 or cost <= budget.chars, (page, cost)


def test_a_page_ends_where_the_next_quote_would_not_fit() -> None:
    budget = PageBudget(facts=5, chars=1600)
    assert paginate([(1, 700), (2, 700), (3, 100)], budget) == [[1], [2, 3]]
    assert paginate([(n, 10) for n in range(1, 8)], budget) == [[1, 2, 3, 4, 5], [6, 7]]
    assert paginate([], budget) == []
