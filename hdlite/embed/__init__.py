"""hdlite inside Python: the HDevEngine-style facade, hdlite.run and direct operator calls."""
