"""The program: everyone's shadowing history, who is due, the next plan drafted, the hosts'
ledger, shadowers' wishes (contract v1.1 preferences) and the ideas sessions produce."""
