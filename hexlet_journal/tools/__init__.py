from .college_time import college_now, college_today, college_tz, college_lang, format_day
from .tabular import read_table
