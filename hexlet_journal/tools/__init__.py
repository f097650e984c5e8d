from .college_time import college_now, college_today, college_tz, college_lang, format_day
from .arguments import date_argument, int_argument
from .tabular import read_table
