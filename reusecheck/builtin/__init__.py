"""The built-in plugins: loaders, scorers, formats and rules, registered like any other."""
