/** One choice of a SearchPicker. */
export interface PickerOption {
  value: string
  label: string
  description?: string
}
