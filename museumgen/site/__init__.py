"""The checked model of a museum: its content kinds, its entries linked both ways, its
media, its Markdown rendered, a site for each language."""
