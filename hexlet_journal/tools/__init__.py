from .college_time import college_now, college_today, college_tz, format_day
from .tabular import read_table
