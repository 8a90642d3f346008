"""The follow-up pages, one module per topic: meetings (rules, records, actions, material) and the yearly follow-up."""
