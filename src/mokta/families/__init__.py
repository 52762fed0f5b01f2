"""One module per Okta family, each holding only what Okta does specially there."""
