// The edtf package ships no type declarations; this names the part of its API we use.
declare module 'edtf' {
  interface EdtfValue {
    readonly type: 'Date' | 'Year' | 'Decade' | 'Century' | 'Season' | 'Interval' | 'Set' | 'List';
    readonly min: number;
    readonly max: number;
    readonly edtf: string;
  }
  function edtf(input: string, options?: { level?: 0 | 1 | 2 }): EdtfValue;
  export default edtf;
}
