"""The follow-up of an agreement ("Uppföljning"): its rules, meetings, action items, the parties' material, the yearly follow-up and the plan of meetings due."""
