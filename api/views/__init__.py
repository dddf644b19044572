"""The API's views, one module per area; each stays thin and calls services."""
