"""Arabic text handling: the only package that imports camel_tools (lazily)."""
