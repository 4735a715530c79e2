"""Venezuelan places a count can be limited to: states, cities and detention centres.

Names are matched as written (accents optional); the scope keeps the spelling of the text.
"""

STATES = (
    "Amazonas", "Anzoátegui", "Apure", "Aragua", "Barinas", "Bolívar", "Carabobo", "Cojedes",
    "Delta Amacuro", "Distrito Capital", "Falcón", "Guárico", "La Guaira", "Lara", "Mérida", "Miranda",
    "Monagas", "Nueva Esparta", "Portuguesa", "Sucre", "Táchira", "Trujillo", "Vargas", "Yaracuy", "Zulia",
)
CITIES = (
    "Caracas", "Barquisimeto", "Maracaibo", "Valencia", "Maracay", "Margarita", "Porlamar", "San Cristóbal",
    "Ciudad Bolívar", "Puerto Ordaz", "Barcelona", "Maturín", "Cumaná", "Guatire", "Los Teques",
    "Villa Rosa", "Santa Elena de Uairén", "Kumarakapay",
)
PRISONS = (
    "Tocorón", "Tocuyito", "Rodeo I", "Rodeo II", "Rodeo III", "Rodeo IV", "El Rodeo", "Yare I", "Yare II",
    "Yare III", "El Helicoide", "Helicoide", "Ramo Verde", "La Pica", "Fuerte Tiuna", "DGCIM Boleíta",
    "Boleíta", "Zona 7", "La Yaguara", "Cárcel Fénix", "El Dorado", "Tocorito", "Uribana", "Las Crisálidas",
    "INOF",
)
ALL_PLACES = PRISONS + STATES + CITIES
# Words that mean "the whole country": never a scope.
NATIONAL = ("Venezuela",)
