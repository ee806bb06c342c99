"""Publishing to a channel's API: the category schema it asks for and the filled document it takes.

`schema` reads the category rules Alibaba.com's Open Platform answers to `schema.get`;
`item_schema` fills them from a wholesale listing into the itemSchema document that
`schema.add` and `schema.add.draft` take (alibaba-open-platform.md §1.2-1.3).
"""
