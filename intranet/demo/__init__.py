"""The demo: a city administration (`organisation`) and what its staff have done (`records`), built by
`manage.py seed_demo`. Project code: it writes into every app, so it lives above them."""
