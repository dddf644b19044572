"""The demo company: fixed facts (`data`) and the CSV rows generated from them (`rows`)."""
