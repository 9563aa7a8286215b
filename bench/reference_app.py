"""Third baseline of bench_pages.py: the bare page plus the least content a dashboard page has, chosen by
?content=chart|table|chart+table — one five-bar Vega-Lite chart and/or one five-row st.dataframe, no
dtplan code. It measures what Streamlit's browser side charges for a chart and for a table, so the page
ratios can be read against it."""

import altair as alt
import pandas as pd
import streamlit as st

content = st.query_params.get("content", "")
st.write("Trang tham chiếu")
frame = pd.DataFrame({"tháng": ["T1", "T2", "T3", "T4", "T5"], "giá trị": [3, 5, 2, 6, 4]})
if "chart" in content:
    st.altair_chart(alt.Chart(frame).mark_bar().encode(x="tháng:N", y="giá trị:Q"))
if "table" in content:
    st.dataframe(frame)
