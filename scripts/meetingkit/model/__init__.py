"""Stage 3: the programme as typed, frozen records, built once after the schema check.

records (the dataclasses), build (documents → records), clock (local time and durations),
recurrence (rules, bounded) and occurrences (a meeting placed in time, lazily).
"""
