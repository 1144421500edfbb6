"""The Connect 2020 targets dashboard: seven pages, one sidebar, the view state kept in the URL.

Run with ``make run`` (``python -m indicators serve``). Pages only arrange widgets; the scoring,
charts and exports live in the ``indicators`` package.
"""

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from app_pages import common, state
from indicators import incidents, settings

st.set_page_config(page_title="Connect 2020 targets", page_icon=":material/flag:", layout="wide")

PAGES = [
    st.Page("app_pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("app_pages/target.py", title="Target", icon=":material/show_chart:", url_path="target"),
    st.Page("app_pages/countries.py", title="Countries", icon=":material/public:", url_path="countries"),
    st.Page("app_pages/data.py", title="Data and sources", icon=":material/table:", url_path="data"),
    st.Page("app_pages/methodology.py", title="Methodology", icon=":material/menu_book:", url_path="methodology"),
    st.Page("app_pages/history.py", title="History", icon=":material/history:", url_path="history"),
    st.Page("app_pages/backtest.py", title="Backtest", icon=":material/fact_check:", url_path="backtest"),
]

page = st.navigation(PAGES)
incidents.configure()
bad_settings = settings.check_all()
if bad_settings:
    st.error("The dashboard is misconfigured: " + "; ".join(bad_settings))
    st.stop()
common.setup()
if page.url_path != "data":
    state.forget_reads()  # an upload's reads live while its page is shown; its bytes stay for the way back
with incidents.context(version=common.active_data()[2]):  # every log line of this run names the data shown
    failed_callback = state.take_incident()
    if failed_callback:
        st.error(
            f"Something went wrong with what you just did. Quote incident **{failed_callback}** when you report it."
        )
    try:
        page.run()
    except ScriptControlException:  # st.rerun() and st.stop() travel as exceptions
        raise
    except Exception as error:  # the last line of defence: logged with its traceback, shown as an incident id
        incident = incidents.report(error, f"page {page.url_path or 'overview'}")
        st.error(f"Something went wrong on this page. Quote incident **{incident}** when you report it.")
    finally:
        common.sidebar()  # after the page: what a viewer came for is drawn first
        state.write_url()
