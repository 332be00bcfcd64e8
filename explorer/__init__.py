"""The explorer's pages (Streamlit) and the plain helpers they share.

The helpers in :mod:`explorer.elements`, :mod:`explorer.spans` and :mod:`explorer.cypher` hold no Streamlit
code, so tests and the benchmark can call them directly; the page modules render with Streamlit and call
only ``kg`` functions and the store protocol.
"""
