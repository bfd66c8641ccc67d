import pytest
from .test_post_permissions import post_url_names, _url, post_as, COLUMNS
from .test_cross_municipality import _other_personas
pytestmark = pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(post_url_names()))
def test_gen(world, name):
    url = _url(world, name)
    cells, probs = [], []
    for column, role in COLUMNS.items():
        got, problem = post_as(world.users[role] if role else None, url)
        cells.append(got)
        if problem: probs.append(f"{column}: {problem}")
    with open("/tmp/tests_runs/post_rows.txt", "a") as f:
        f.write(f"| `{name}` | " + " | ".join(cells) + " |\n")
        for p in probs: f.write(f"#PROBLEM {name} {p}\n")
