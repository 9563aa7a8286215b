from tests.conftest import run_cli


def test_summary_json_has_every_kpi(demo_db_url):
    import json

    result = run_cli("summary", "--as-of", "2023-06", "--json", url=demo_db_url)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["as_of"] == "2023-06" and data["scope"] == "37"
    assert len(data["kpis"]) == 21
