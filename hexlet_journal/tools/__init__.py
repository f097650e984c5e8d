from .college_time import (
    college_day_bounds,
    college_lang,
    college_now,
    college_today,
    college_tz,
    format_day,
    pair_times,
    parse_pair_times,
)
from .arguments import date_argument, int_argument
from .tabular import read_table
