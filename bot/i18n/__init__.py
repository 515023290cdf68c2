"""The bot's languages: gettext catalogs managed with Babel, numbers and dates in each."""
