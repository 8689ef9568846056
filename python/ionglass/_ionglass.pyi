# Type stubs of the compiled module ionglass._ionglass (units: Å, eV, ps, K, amu, e, bar).
# Part 1: errors, structures, potentials (python/src/bind_errors.cpp, bind_structures.cpp,
# bind_potentials.cpp).
import typing
from typing import Dict, Iterator, List, Optional, Sequence, Tuple, Union

import numpy as np
import numpy.typing as npt

ArrayLike = npt.ArrayLike
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
InfoValue = Union[bool, int, float, str, FloatArray]

class IonglassError(RuntimeError): ...

class InputError(IonglassError, ValueError):
    file: str  # "" when the problem is not in a file
    line: int  # 1-based; 0 when unknown
    problem: str

class ComputationError(IonglassError): ...

class Structure:
    def __init__(self, numbers: Sequence[Union[int, str]], positions: ArrayLike, cell: Optional[ArrayLike] = ...,
                 pbc: Sequence[bool] = ..., types: Optional[ArrayLike] = ..., masses: Optional[ArrayLike] = ...,
                 charges: Optional[ArrayLike] = ..., velocities: Optional[ArrayLike] = ...,
                 type_count: Optional[int] = ...) -> None: ...
    def __len__(self) -> int: ...
    def copy(self) -> Structure: ...
    positions: FloatArray  # (N, 3) Å, view
    velocities: Optional[FloatArray]  # (N, 3) Å/ps, view
    charges: Optional[FloatArray]  # (N,) e, view
    forces: Optional[FloatArray]  # (N, 3) eV/Å, view
    cell: FloatArray  # (3, 3) Å, rows are lattice vectors (copy)
    origin: FloatArray  # (3,) Å
    pbc: Tuple[bool, bool, bool]
    @property
    def volume(self) -> float: ...  # Å³
    @property
    def numbers(self) -> IntArray: ...
    @property
    def symbols(self) -> List[str]: ...
    @property
    def masses(self) -> FloatArray: ...  # amu
    types: IntArray  # 1-based
    @property
    def type_numbers(self) -> List[int]: ...
    @property
    def type_masses(self) -> List[float]: ...  # amu
    type_labels: List[str]
    ids: IntArray
    images: Optional[IntArray]  # (N, 3)
    timestep: int  # -1 when unknown
    info: Dict[str, InfoValue]
    def property_names(self) -> List[str]: ...
    def get_property(self, name: str) -> Union[FloatArray, List[str]]: ...
    def set_property(self, name: str, values: ArrayLike) -> None: ...
    def property_kind(self, name: str) -> str: ...
    def delete_property(self, name: str) -> None: ...
    def validate(self) -> None: ...

class FrameIterator(Iterator[Structure]):
    def __iter__(self) -> FrameIterator: ...
    def __next__(self) -> Structure: ...

def open_frames(path: str, format: Optional[str] = ..., types: Union[None, str, Sequence[str]] = ...,
                atom_style: Optional[str] = ..., start: int = ..., stop: int = ..., step: int = ...) -> FrameIterator: ...

class FrameWriter:
    def write(self, frame: Structure) -> None: ...
    def close(self) -> None: ...

def create_writer(path: str, format: Optional[str] = ..., atom_style: Optional[str] = ...,
                  precision: int = ...) -> FrameWriter: ...
def detect_format(path: str) -> str: ...

class Evaluation:
    @property
    def energy(self) -> float: ...  # eV
    @property
    def components(self) -> Dict[str, float]: ...  # eV
    @property
    def forces(self) -> Optional[FloatArray]: ...  # (N, 3) eV/Å
    @property
    def virial(self) -> FloatArray: ...  # (3, 3) eV
    @property
    def stress(self) -> Optional[FloatArray]: ...  # (3, 3) eV/Å³, ASE sign (-W/V)
    @property
    def pressure_tensor(self) -> Optional[FloatArray]: ...  # (3, 3) bar, LAMMPS sign (W/V)
    @property
    def pressure(self) -> Optional[float]: ...  # bar
    @property
    def energies(self) -> Optional[FloatArray]: ...  # (N,) eV
    @property
    def gamma(self) -> Optional[FloatArray]: ...  # (N,) dimensionless

class Potential:
    def __init__(self, path: str, threads: int = ..., active_set: Optional[str] = ..., basis: Optional[str] = ...) -> None: ...
    def compute(self, structure: object, forces: bool = ..., virial: bool = ..., energies: bool = ...) -> Evaluation: ...
    @property
    def path(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def cutoff(self) -> float: ...  # Å
    @property
    def has_active_set(self) -> bool: ...
    threads: int
    def describe(self) -> str: ...

# --- analysis, MD and ACE tools (bind_analysis.cpp, bind_md.cpp, bind_ace.cpp); the public API is
# ionglass.analysis, ionglass.md (ionglass.run) and ionglass.ace_tools.
class _DynamicsResults:
    """Native dynamics results, kept for Arrhenius points."""

def _analyze_structure(options: dict, threads: int = 0, progress: bool = False) -> dict: ...
def _write_frames(path: str, positions: np.ndarray, cells: np.ndarray, numbers: np.ndarray,
                  pbc: list, steps: np.ndarray) -> None: ...
def _analyze_dynamics_files(options: dict, threads: int = 0, progress: bool = False) -> tuple: ...
def _analyze_dynamics_arrays(options: dict, positions: np.ndarray, cells: np.ndarray,
                             numbers: np.ndarray, pbc: list, steps: np.ndarray, threads: int = 0,
                             progress: bool = False) -> tuple: ...
def _analyze_arrhenius(points: list, species: str, extrapolate_K: list[float] = ...) -> dict: ...
def _run_protocol(text: str, path: str, output_directory: str, threads: int = 0, resume: bool = False,
                  progress: typing.Callable[[dict], None] | None = None, progress_interval_s: float = 0.2,
                  progress_bar: bool = False) -> dict: ...
def _ace_projections(potential: str, source: tuple, threads: int = 0) -> list[dict]: ...
def _ace_build_active_set(potential: str, source: tuple, output: str, tolerance: float = 1.01,
                          max_iterations: int = 300, batch_size: int = 20000, refinement_passes: int = 5,
                          threads: int = 0) -> dict: ...
def _ace_gamma(potential: str, active_set: str, source: tuple, output: str = "", threads: int = 0) -> tuple: ...
def _ace_select(potential: str, active_set: str, source: tuple, max_structures: int, output: str = "",
                tolerance: float = 1.01, batch_size: int = 20000, threads: int = 0) -> tuple: ...

# --- ACE fitting (bind_fit.cpp); the public API is ionglass.fit (ionglass.fitting).
def _fit(input_path: str, output_directory: str = "", threads: int = 0, resume: bool = False,
         progress: typing.Callable[[dict], None] | None = None, progress_interval_s: float = 0.2) -> dict: ...
