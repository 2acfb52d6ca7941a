/// fitreport's version, written into every run it makes.
public let fitreportVersion = "0.6.0"
