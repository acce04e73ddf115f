"""The bank of investment projects: the actions of the PMEs' validated roadmaps, with their
cost, payback, benefits and funding routes, across PMEs (a cluster's or the programme's)."""
