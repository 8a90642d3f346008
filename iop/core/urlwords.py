"""Words in addresses: the user reads a Swedish word in the URL, the code works with an
English key. An app's urls.py subclasses `Words` with its table and registers it as a path
converter, so `reverse()` and `{% url %}` take the key and write the word."""

import re


class Words:
    """A path converter for a fixed set of words; a word outside the set matches no path."""

    words: dict[str, str] = {}  # word in the address -> key in the code

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.regex = "|".join(re.escape(word) for word in cls.words)
        cls.url_words = {key: word for word, key in cls.words.items()}

    def to_python(self, value: str) -> str:
        return self.words[value]

    def to_url(self, value: str) -> str:
        if value not in self.url_words:
            raise ValueError(value)  # reverse() then finds no match
        return self.url_words[value]

    @classmethod
    def key(cls, word: str | None) -> str | None:
        """The key of a word read elsewhere than in the path (a query parameter), or None."""
        return cls.words.get(word)
