"""Follow-up through the year: traffic lights per indicator and goal at each checkpoint of the
årshjul, rolled up the cascade to the council's objectives, and the report a committee reads."""
